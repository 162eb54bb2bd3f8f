// An SDK that does nothing, for the floor row of `make bench`: what loading bench/pages/cold.js costs
// with no SDK work at all (the HTML, the module fetches, the import map). Both SDKs pay this too.
const auth = { getSession: async () => ({ data: { session: {}, user: {} }, error: null }) };
export default { init: () => ({ auth, registerEndPointWithKey() {} }) };
