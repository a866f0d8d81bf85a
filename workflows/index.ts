// Every workflow the worker runs. One concept per file.
export { announcement } from './announcement';
export { census } from './census';
export { censusUnit } from './censusUnit';
export { course } from './course';
export { credits } from './credits';
export { mentoringPair } from './mentoringPair';
export { mentoringProgram } from './mentoringProgram';
export { examMobilization } from './examMobilization';
export { examJourney } from './examJourney';
