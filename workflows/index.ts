// Every workflow the worker runs. One concept per file.
export { announcement } from './announcement';
export { census } from './census';
export { censusUnit } from './censusUnit';
