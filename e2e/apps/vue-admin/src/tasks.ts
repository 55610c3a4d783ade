// The tasks, in a pinia store.
import { defineStore } from 'pinia'

export interface Task {
  id: number
  title: string
  done: boolean
}

export const useTasks = defineStore('tasks', {
  state: () => ({ tasks: [{ id: 1, title: 'Review the policy', done: true }] as Task[], nextId: 2 }),
  getters: {
    open: (state) => state.tasks.filter((t) => !t.done).length,
  },
  actions: {
    add(title: string) {
      this.tasks.push({ id: this.nextId++, title, done: false })
    },
    toggle(id: number) {
      const task = this.tasks.find((t) => t.id === id)
      if (task) task.done = !task.done
    },
  },
})
