import { Tags } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/** Every resource name starts with the configured prefix (`lks-` by default), as the seed asks. */
export type Namer = (suffix: string) => string

export function namer(prefix: string): Namer {
  return (suffix) => `${prefix}${suffix}`
}

/** The Component tag groups resources by the part of the architecture they belong to. */
export function tagComponent(scope: IConstruct, component: string): void {
  Tags.of(scope).add('Component', component)
}
