// The mini-program's global app instance (STYLE.md: IAppOption in typings/).
interface IAppOption {
  globalData: {
    /** CloudBase environment id; empty until configured for a real environment. */
    env: string;
  };
}
