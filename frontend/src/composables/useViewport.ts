import { onBeforeUnmount, onMounted, ref } from 'vue'

export const PHONE_MAX_WIDTH = 768

/** Whether the window is phone sized, kept up to date on resize. */
export function useViewport() {
  const isPhone = ref(typeof window !== 'undefined' && window.innerWidth < PHONE_MAX_WIDTH)
  const update = () => {
    isPhone.value = window.innerWidth < PHONE_MAX_WIDTH
  }
  onMounted(() => {
    update()
    window.addEventListener('resize', update)
  })
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return { isPhone }
}
