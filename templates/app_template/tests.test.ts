// Tests of the {{ app_name }} app; run them with `npx tango test` (it loads the project's settings first).
// They pass once the app is in INSTALLED_APPS and its URLs are included (startapp printed how).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createHandler } from 'tango/handler'
import { TestClient } from 'tango/test'
import { reverse } from 'tango/urls'

test('the {{ app_name }} index page renders', async () => {
  const client = new TestClient(await createHandler())
  const response = await client.get(reverse('{{ app_name }}:index'))
  assert.equal(response.status, 200)
  assert.match(response.text(), /<h1>{{ app_name }}<\/h1>/)
})
