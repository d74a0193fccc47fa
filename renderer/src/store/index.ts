// The app's single store, bound to the bridge of this window, and the React hook to read it.
import { useStore } from 'zustand';
import { getBridge } from '../bridge/getBridge';
import { createAppStore, type AppActions, type AppState, type AppStore } from './appStore';

let store: AppStore | null = null;

export function appStore(): AppStore {
  store ??= createAppStore(getBridge());
  return store;
}

export function useApp<T>(selector: (state: AppState & AppActions) => T): T {
  return useStore(appStore(), selector);
}

/** Actions never change identity, so components may call them without subscribing. */
export function actions(): AppActions {
  return appStore().getState();
}
