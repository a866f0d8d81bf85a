/**
 * The mentoring operations (督导孵化 / 一对一带教 / 高级社工师辅导), shared by the CLI and the
 * HTTP API, one concept per module.
 */
export * from './program';
export * from './pairing';
export * from './sessions';
export * from './closure';
export * from './report';
export type { MentoringContext } from './updates';
export * from './programChanges';
