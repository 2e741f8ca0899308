import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { ElMessage } from 'element-plus'
import type { Role } from '@/api/types'
import { session } from '@/stores/session'
import { ensureRegions } from '@/stores/regions'
import { t } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    roles?: Role[]
    /** The menu entry to highlight. */
    menu?: string
  }
}

const ALL: Role[] = ['admin', 'leader', 'mediator', 'petition']

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { roles: ALL, menu: '/' } },
      {
        path: 'disputes',
        name: 'disputes',
        component: () => import('@/views/CaseListView.vue'),
        props: { kind: 'dispute' },
        meta: { roles: ALL, menu: '/disputes' },
      },
      {
        path: 'disputes/new',
        name: 'dispute-new',
        component: () => import('@/views/CaseFormView.vue'),
        props: { kind: 'dispute' },
        meta: { roles: ['mediator', 'admin'], menu: '/disputes' },
      },
      {
        path: 'petitions',
        name: 'petitions',
        component: () => import('@/views/CaseListView.vue'),
        props: { kind: 'petition' },
        meta: { roles: ['petition', 'leader', 'admin'], menu: '/petitions' },
      },
      {
        path: 'petitions/new',
        name: 'petition-new',
        component: () => import('@/views/CaseFormView.vue'),
        props: { kind: 'petition' },
        meta: { roles: ['petition', 'admin'], menu: '/petitions' },
      },
      {
        path: 'petitions/board',
        name: 'petition-board',
        component: () => import('@/views/PetitionBoardView.vue'),
        meta: { roles: ['petition', 'leader', 'admin'], menu: '/petitions/board' },
      },
      {
        path: 'cases/:id',
        name: 'case',
        component: () => import('@/views/CaseDetailView.vue'),
        props: true,
        meta: { roles: ALL },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/ReportsView.vue'),
        meta: { roles: ALL, menu: '/reports' },
      },
      {
        path: 'assessments',
        name: 'assessments',
        component: () => import('@/views/AssessmentsView.vue'),
        meta: { roles: ALL, menu: '/assessments' },
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/DashboardView.vue'),
        meta: { roles: ['leader', 'admin'], menu: '/dashboard' },
      },
      {
        path: 'returns',
        name: 'returns',
        component: () => import('@/views/ReturnSubmitView.vue'),
        meta: { roles: ['mediator', 'petition', 'admin'], menu: '/returns' },
      },
      {
        path: 'returns/board',
        name: 'return-board',
        component: () => import('@/views/ReturnBoardView.vue'),
        meta: { roles: ALL, menu: '/returns/board' },
      },
      // 排查整治: the risk-hazard ledger and listed supervision
      {
        path: 'hazards',
        name: 'hazards',
        component: () => import('@/views/HazardsView.vue'),
        meta: { roles: ALL, menu: '/hazards' },
      },
      {
        path: 'hazards/:id',
        name: 'hazard',
        component: () => import('@/views/HazardDetailView.vue'),
        props: true,
        meta: { roles: ALL, menu: '/hazards' },
      },
      {
        path: 'listings',
        name: 'listings',
        component: () => import('@/views/ListingsView.vue'),
        meta: { roles: ALL, menu: '/listings' },
      },
      {
        path: 'screening',
        name: 'screening',
        component: () => import('@/views/ScreeningView.vue'),
        meta: { roles: ALL, menu: '/screening' },
      },
      {
        path: 'screening/rounds/:id',
        name: 'screening-round',
        component: () => import('@/views/RoundDetailView.vue'),
        props: true,
        meta: { roles: ALL, menu: '/screening' },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('@/views/AdminUsersView.vue'),
        meta: { roles: ['admin'], menu: '/admin/users' },
      },
      {
        // read by mediators everywhere; kept by admins and county/city mediators (the page says who may edit)
        path: 'admin/committees',
        name: 'admin-committees',
        component: () => import('@/views/CommitteesView.vue'),
        meta: { roles: ['admin', 'mediator'], menu: '/admin/committees' },
      },
      {
        path: 'admin/audit',
        name: 'admin-audit',
        component: () => import('@/views/AuditLogView.vue'),
        meta: { roles: ['admin'], menu: '/admin/audit' },
      },
      {
        path: 'password',
        name: 'password',
        component: () => import('@/views/ChangePasswordView.vue'),
        meta: { roles: ALL },
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { roles: ALL } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

/** Where the guard sends a navigation: true to let it through, or a redirect. */
export function guard(to: Pick<RouteLocationNormalized, 'meta' | 'matched' | 'fullPath'> & { name?: unknown }) {
  const signedIn = session.isAuthenticated.value
  if (to.meta.public) return signedIn && to.name === 'login' ? { name: 'home' } : true
  if (!signedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  // a password someone else chose (new account, reset, generated) is changed before anything else
  if (session.user.value?.mustChangePassword && to.name !== 'password') {
    return { name: 'password', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  const role = session.user.value?.role
  const roles = to.matched.reduce<Role[] | undefined>((acc, r) => r.meta.roles ?? acc, undefined)
  if (roles && (!role || !roles.includes(role))) return { name: 'home' }
  return true
}

router.beforeEach(async (to) => {
  const result = guard(to)
  if (result !== true) {
    const forced = typeof result === 'object' && result.name === 'password'
    if (session.isAuthenticated.value && !to.meta.public && !forced) ElMessage.warning(t('auth.forbidden'))
    return result
  }
  if (!to.meta.public) {
    // names of regions are needed on every signed-in page; a failure shows up where they are used
    await ensureRegions().catch(() => undefined)
  }
  return true
})
