/**
 * Converting an existing relational decision package into its document, once (server side).
 * Document content only: workflow fields (id, code, cycleId, stage, published, version,
 * submittedAt, leadDepartmentId, departmentIds) stay relational.
 */
import * as Y from 'yjs';
import type { Activity, CostLine, CostShare, EffortIncrement, Kpi, Risk } from '@zerobase/domain';
import { addRow } from './row-access';
import { pickRowFields, type CostLineData } from './row-types';
import { CollabError, SCHEMA_VERSION, SHARED_SECTION, departmentSection, ensureSections, sharedMap } from './schema';
import { setContingencyBasisPoints, setCostSplit, setDepartmentNotes, setList, setSharedText, setTitle } from './shared-fields';

/** The content of a package: a `DecisionPackage` fits, plus optional document-only fields. */
export interface PackageContent {
  title: string;
  purpose: string;
  objectives: readonly string[];
  contingencyBasisPoints: number;
  /** departmentId null = an activity of the shared part */
  activities: readonly Activity[];
  costLines: readonly (CostLine & { location?: string })[];
  levels: readonly EffortIncrement[];
  kpis: readonly Kpi[];
  risks: readonly Risk[];
  alternatives: readonly string[];
  consequencesOfNotFunding: string;
  costSplit: readonly CostShare[];
  narrative?: string;
  sharedCostLines?: readonly CostLineData[];
  /** working notes per department */
  notes?: Readonly<Record<string, string>>;
  /** departments of the package; their sections are instantiated even if empty */
  departmentIds?: readonly string[];
}

export function isPopulated(doc: Y.Doc): boolean {
  return sharedMap(doc).get('schemaVersion') !== undefined;
}

/**
 * Fill an empty document with the package content in one transaction. Throws if the document
 * was already populated: conversion must happen once (guard it with a database lock when
 * several api instances may convert the same package, or the arrays would be filled twice).
 */
export function populateDocument(doc: Y.Doc, content: PackageContent, origin?: unknown): void {
  if (isPopulated(doc)) throw new CollabError('the document is already populated');
  doc.transact(() => {
    sharedMap(doc).set('schemaVersion', SCHEMA_VERSION);
    setTitle(doc, content.title);
    setSharedText(doc, 'purpose', content.purpose);
    setSharedText(doc, 'narrative', content.narrative ?? '');
    setSharedText(doc, 'consequencesOfNotFunding', content.consequencesOfNotFunding);
    setList(doc, 'objectives', content.objectives);
    setList(doc, 'alternatives', content.alternatives);
    setContingencyBasisPoints(doc, content.contingencyBasisPoints);
    setCostSplit(doc, content.costSplit);
    for (const line of content.costLines) {
      const { fromDepartmentIds: _ignored, ...fields } = pickRowFields('costLines', line);
      addRow(doc, departmentSection(line.departmentId), 'costLines', fields);
    }
    for (const line of content.sharedCostLines ?? []) addRow(doc, SHARED_SECTION, 'costLines', pickRowFields('costLines', line));
    for (const activity of content.activities) {
      const section = activity.departmentId === null ? SHARED_SECTION : departmentSection(activity.departmentId);
      addRow(doc, section, 'activities', pickRowFields('activities', activity));
    }
    for (const kpi of content.kpis) addRow(doc, SHARED_SECTION, 'kpis', pickRowFields('kpis', kpi));
    for (const risk of content.risks) addRow(doc, SHARED_SECTION, 'risks', pickRowFields('risks', risk));
    for (const level of content.levels) addRow(doc, SHARED_SECTION, 'levels', pickRowFields('levels', level));
    for (const [departmentId, text] of Object.entries(content.notes ?? {})) setDepartmentNotes(doc, departmentId, text);
    ensureSections(doc, content.departmentIds ?? []);
  }, origin);
}
