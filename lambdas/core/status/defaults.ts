import type { StatusPageConfig } from './types';

/** The page when the config says nothing: on, every app public, named by its id. */
export const DEFAULT_STATUS_PAGE: StatusPageConfig = { enabled: true, hide: [], displayNames: {} };
