// The open screen's Twitch VOD form: look a VOD up, open it, store the token a subscriber-only VOD needs.
import { errorCode, userMessage } from '../bridge/bridgeError';
import type { JobsActions } from './jobsSlice';
import type { ProjectControl } from './projectSlice';
import type { SliceContext } from './sliceContext';
import { EMPTY_VOD, type AppActions } from './types';

export type VodActions = Pick<AppActions, 'setVodInput' | 'lookUpVod' | 'openVod' | 'setTwitchToken'>;

export function createVod(ctx: SliceContext, projects: ProjectControl, jobs: Pick<JobsActions, 'refreshJobs'>): VodActions {
  const { bridge, get, set, fail } = ctx;
  let lookupSeq = 0;
  return {
    setVodInput(text) {
      set({ vod: { ...get().vod, input: text } });
    },

    async lookUpVod(ref) {
      const text = (ref ?? get().vod.input).trim();
      if (!text) return false;
      lookupSeq += 1;
      const seq = lookupSeq;
      set({ vod: { input: ref ?? get().vod.input, ref: text, status: 'looking', preview: null, error: null } });
      try {
        const preview = await bridge.resolveVod({ ref: text });
        if (seq !== lookupSeq) return false;
        set({ vod: { ...get().vod, status: 'ready', preview, error: null } });
        return true;
      } catch (error) {
        if (seq !== lookupSeq) return false;
        set({ vod: { ...get().vod, status: 'idle', preview: null, error: { message: userMessage(error), code: errorCode(error) } } });
        return false;
      }
    },

    async openVod({ quality, video }) {
      const vod = get().vod;
      if (!vod.preview || !vod.ref || vod.status !== 'ready' || get().busy) return false;
      set({ busy: 'opening-vod', alert: null, vod: { ...vod, status: 'opening', error: null } });
      try {
        const project = await bridge.openVod(quality ? { ref: vod.ref, quality, video } : { ref: vod.ref, video });
        // Set before the editor mounts, so its player starts there.
        set({ startAtSec: vod.preview.startSec });
        await projects.load(project);
        set({ vod: EMPTY_VOD });
        void jobs.refreshJobs();
        return true;
      } catch (error) {
        set({ startAtSec: null, vod: { ...get().vod, status: 'ready', error: { message: userMessage(error), code: errorCode(error) } } });
        return false;
      } finally {
        set({ busy: null });
      }
    },

    async setTwitchToken(token) {
      try {
        const { twitchToken } = await bridge.setTwitchToken({ token });
        const info = get().appInfo;
        if (info) set({ appInfo: { ...info, twitchToken } });
      } catch (error) {
        fail(error);
        return false;
      }
      const vod = get().vod;
      if (token && vod.ref && vod.error?.code === 'VOD_SUBSCRIBER_ONLY') await get().lookUpVod(vod.ref);
      return true;
    },
  };
}
