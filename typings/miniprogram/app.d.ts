// The mini-program's global app instance (STYLE.md: IAppOption in typings/). Nothing global yet:
// state lives in services/ (session, transport).
interface IAppOption {
  globalData: Record<string, never>;
}
