// The parts of miniprogram-exparser (j-component's engine) the page tests touch: the component
// prototype (runtime shims) and the element class (walking the tree to find text).
declare module 'miniprogram-exparser' {
  const exparser: { Component: { prototype: Record<string, unknown> }; Element: abstract new (...args: never[]) => object };
  export default exparser;
}
