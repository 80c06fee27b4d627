// Plain content: no script needed.
export const csr = false;
