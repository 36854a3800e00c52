import { path } from 'tango/urls'
import { articleDetail, CategoryArticles, home } from './views.ts'

export const appName = 'news'

export const urlpatterns = [
  path('', home, { name: 'home' }),
  path('articles/<int:year>/<slug:slug>/', articleDetail, { name: 'detail' }),
  path('category/<slug:slug>/', CategoryArticles.asView(), { name: 'category' }),
]
