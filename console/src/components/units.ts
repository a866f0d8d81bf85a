/** The organisation tree as GET /units answers it (parents before children). */
import type { TreeDataNode } from 'antd';

export interface Unit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  depth: number;
  people: number;
}

/** Antd tree nodes from the flat list; a unit whose parent is not listed is a root. */
export function unitTree(units: Unit[]): TreeDataNode[] {
  const nodes = new Map<string, TreeDataNode & { children: TreeDataNode[] }>();
  for (const u of units)
    nodes.set(u.id, { key: u.id, title: `${u.name}（${u.people}）`, children: [] });
  const roots: TreeDataNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
