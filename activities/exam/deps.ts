import type { Client } from '@temporalio/client';
import type { Db } from '../../store/db';
import type { DeliveryDeps } from '../notices/deliver';

/** The parts the exam activities are made from (each activity takes the ones it uses). */
export interface ExamActivityDeps {
  db: Db;
  /** The outbox delivery that sends notice waves. */
  delivery: DeliveryDeps;
  /** For the activities that start or signal journeys: a client and the task queue. */
  temporal?: { client: Client; taskQueue: string };
}

export type WithDb = Pick<ExamActivityDeps, 'db'>;
