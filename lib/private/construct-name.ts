import { IConstruct } from 'constructs';

/** A construct's id, or its parent's when it is the parent's primary resource ('Resource'). */
export function constructName(construct: IConstruct): string {
  const node = construct.node;
  return node.id === 'Resource' && node.scope ? node.scope.node.id : node.id;
}
