// The to-do count shown as a badge in the top bar: the `total` of the paged to-do list.
import { ref } from 'vue'
import { getTodo } from '@/api/cases'

export const todoCount = ref(0)
let last = 0

/** Refreshes the badge, at most every few seconds unless forced; failures leave it as it was. */
export async function refreshTodoCount(force = false): Promise<void> {
  const now = Date.now()
  if (!force && now - last < 15_000) return
  last = now
  try {
    // one item is enough: the badge needs only the total
    todoCount.value = (await getTodo(1, 1)).total
  } catch {
    /* the badge is a hint; the page itself reports errors */
  }
}

export function setTodoCount(n: number): void {
  todoCount.value = n
  last = Date.now()
}
