/**
 * People's working life for coordinators (人员变动), shared by `yz person transfer|leave|return|
 * merge` and `/people/:id/…`: each dated, each recorded with who did it. The reason for leaving
 * is stored in the database only. A merge is refused while the merged record has a running
 * continuing-education ledger: its workflow is keyed by that id.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../../store/db';
import {
  recordLeave,
  recordReturn,
  transferPerson,
  type ChangeResult,
} from '../../../store/registry/people/lifecycle';
import { mergePeople, type MergeResult } from '../../../store/registry/people/merge';
import { creditsWorkflowId } from '../../../workflows/credits/signals';
import { Conflict, InputError } from '../../../common/errors';
import { calendarDate } from '../org/files';

export interface LifecycleContext {
  db: Db;
  temporal?: Client;
}

function actor(by: string | undefined): string {
  if (!by?.trim()) throw new InputError('须注明操作人 / who acts (by) is required');
  return by.trim();
}

export async function transfer(
  ctx: LifecycleContext,
  request: { personId: string; toUnitId: string; on: string; by: string },
): Promise<ChangeResult> {
  return transferPerson(ctx.db, {
    personId: request.personId,
    toUnitId: request.toUnitId,
    on: calendarDate(request.on, 'on'),
    by: actor(request.by),
  });
}

export async function leave(
  ctx: LifecycleContext,
  request: { personId: string; on: string; reason: string; by: string },
): Promise<ChangeResult> {
  return recordLeave(ctx.db, {
    personId: request.personId,
    on: calendarDate(request.on, 'on'),
    reason: request.reason ?? '',
    by: actor(request.by),
  });
}

export async function returnToWork(
  ctx: LifecycleContext,
  request: { personId: string; on: string; unitId?: string; by: string },
): Promise<ChangeResult> {
  return recordReturn(ctx.db, {
    personId: request.personId,
    on: calendarDate(request.on, 'on'),
    ...(request.unitId ? { unitId: request.unitId } : {}),
    by: actor(request.by),
  });
}

async function ledgerRunning(temporal: Client | undefined, personId: string): Promise<boolean> {
  if (!temporal) return false;
  try {
    const d = await temporal.workflow.getHandle(creditsWorkflowId(personId)).describe();
    return d.status.name === 'RUNNING';
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError') return false;
    throw e;
  }
}

export async function merge(
  ctx: LifecycleContext,
  request: { keepId: string; mergeId: string; on: string; by: string },
): Promise<MergeResult> {
  const on = calendarDate(request.on, 'on');
  const by = actor(request.by);
  if (request.keepId.trim() === request.mergeId.trim())
    throw new InputError(
      `不能把 ${request.keepId} 合并到自身 / cannot merge ${request.keepId} into itself`,
    );
  if (await ledgerRunning(ctx.temporal, request.mergeId.trim()))
    throw new Conflict(
      `${request.mergeId} 的继续教育台账仍在运行，请先结束 / ${request.mergeId} has a running CE ledger (${creditsWorkflowId(request.mergeId.trim())}): end it first`,
    );
  return mergePeople(ctx.db, { keepId: request.keepId, mergeId: request.mergeId, on, by });
}
