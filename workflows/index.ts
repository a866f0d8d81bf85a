// Every workflow the worker runs. One concept per file.
export { announcement } from './announcement';
