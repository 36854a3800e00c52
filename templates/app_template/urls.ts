import { path } from 'tango/urls'
import { index } from './views.ts'

/** The URL namespace: reverse('{{ app_name }}:index'). */
export const appName = '{{ app_name }}'

export const urlpatterns = [
  path('', index, { name: 'index' }),
]
