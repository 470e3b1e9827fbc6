/**
 * Applies the saved theme before first paint (inlined in <head> by app/layout.tsx): no
 * flash of the other one. The front door allows it by its hash (lib/front-door/csp.ts).
 */
export const THEME_SCRIPT = `try{var t=localStorage.getItem("theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
