import { include, path } from 'tango/urls'
import * as news from './news/urls.ts'

export const urlpatterns = [
  path('', include(news)),
]
