// Loading, empty and error states, the same on every page; `ready` renders nothing.
Component({
  properties: {
    state: { type: String, value: 'loading' },
    message: { type: String, value: '' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
