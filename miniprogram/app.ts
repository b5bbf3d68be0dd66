App<IAppOption>({
  globalData: { env: '' },
  onLaunch() {
    // Cloud access goes through services/ only (DESIGN.md §2); the environment is chosen there.
  },
});
