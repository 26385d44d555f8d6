/**
 * The JavaScript globals a row function may use: standard built-ins that exist on every
 * executor and carry no state of the driver. `require`, `process`, `globalThis`, `eval` and
 * `Function` are deliberately absent: they reach outside the function.
 */
export const JS_GLOBALS: ReadonlySet<string> = new Set([
  'Math', 'JSON', 'Date', 'Number', 'String', 'Boolean', 'Array', 'Object', 'Symbol', 'BigInt',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'console', 'undefined', 'NaN', 'Infinity', 'Intl', 'Reflect', 'Promise',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
  'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'atob', 'btoa', 'structuredClone',
]);
