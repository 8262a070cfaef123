/** The spec identity provider lives in @bff/testing (shared with the cross-app e2e suites). */
export { TestIdp, type TestKey } from '@bff/testing';
