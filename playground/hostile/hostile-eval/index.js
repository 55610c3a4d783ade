export function attack() { return 'todo'; }
