/** `pantau` → `Pantau`, `kpu-pantau` → `KpuPantau` (stack names allow letters, digits, hyphens). */
export function stackPrefix(project: string): string {
  return project
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
