/**
 * `tango/test`: testing tools, as Django's `django.test`: an in-process {@link TestClient}.
 *
 * @module
 */
export { TestClient } from './client.ts'
export type { TestClientOptions, ClientRequestOptions, ClientDataOptions, RequestData, FormValue, TestFile } from './client.ts'
export { TestResponse } from './test-response.ts'
