// Every workflow the worker runs. One concept per file.
export { announcement } from './announcements/announcement';
export { census } from './census/census';
export { censusUnit } from './census/censusUnit';
export { course } from './courses/course';
export { credits } from './credits/credits';
export { mentoringPair } from './mentoring/mentoringPair';
export { mentoringProgram } from './mentoring/mentoringProgram';
export { examMobilization } from './exam/examMobilization';
export { examJourney } from './exam/examJourney';
export { retentionCleanUp } from './retention/cleanUp';
export { noticeResend } from './notices/resend';
