import { createRouter, createWebHashHistory } from 'vue-router'
import Home from './views/Home.vue'
import Resident from './views/Resident.vue'
import Dispatcher from './views/Dispatcher.vue'
import Team from './views/Team.vue'
import Admin from './views/Admin.vue'
import Reviewer from './views/Reviewer.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/resident', component: Resident },
    { path: '/dispatcher', component: Dispatcher },
    { path: '/team', component: Team },
    { path: '/reviewer', component: Reviewer },
    { path: '/admin', component: Admin },
  ],
})
