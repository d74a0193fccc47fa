// App-level calls: version, data folder, whether ffmpeg is there, native dialogs.
import type { HighlighterApi } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { locateFfmpeg } from '../media/ffmpegPaths';
import { TOKEN_SETTING } from './vodJobs';

export function appHandlers(ctx: CoreContext): Pick<HighlighterApi, 'getAppInfo' | 'chooseFile'> {
  return {
    async getAppInfo() {
      const ff = locateFfmpeg(ctx.env);
      return {
        version: ctx.version,
        dataDir: ctx.library.dataDir,
        dialogs: ctx.dialogs !== undefined,
        ffmpeg: {
          available: ff.ffmpegPath !== null && ff.ffprobePath !== null,
          ffmpegPath: ff.ffmpegPath,
          ffprobePath: ff.ffprobePath,
          message: ff.message,
        },
        twitchToken: ctx.library.settings.get<string>(TOKEN_SETTING) !== undefined,
      };
    },
    async chooseFile({ purpose, defaultPath }) {
      if (!ctx.dialogs) {
        throw new AppError('NO_DIALOGS', 'File dialogs are only available in the desktop app; type or paste the path instead.');
      }
      return { path: await ctx.dialogs.chooseFile(purpose, defaultPath) };
    },
  };
}
