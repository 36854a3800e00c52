// The {{ app_name }} app in the admin (/admin/): the admin app imports this file when it starts.
// Register each model with its options, e.g.
//   import { site } from 'tango/contrib/admin'
//   import { Question } from './models.ts'
//   site.register(Question, { listDisplay: ['questionText', 'pubDate'], searchFields: ['questionText'] })
export {}
