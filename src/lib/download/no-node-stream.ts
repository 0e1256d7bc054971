// Stands in for Node's `stream` in the browser build: jszip's lib entry asks for it only to
// offer Node streams, which it then finds missing and does not use.
export default {};
