// The one part of miniprogram-exparser (j-component's engine) the page tests touch.
declare module 'miniprogram-exparser' {
  const exparser: { Component: { prototype: Record<string, unknown> } };
  export default exparser;
}
