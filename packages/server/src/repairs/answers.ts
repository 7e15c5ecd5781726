// Extra questions of a repair service (Open311 attributes): answers are checked against the service's
// questions, required ones must be there, choices must be among the options, and nothing unasked is kept.
import type { RepairQuestion } from '../db/schema.js';
import { invalidAnswer } from '../errors.js';

export type Answer = string | number | string[];

export function checkAnswers(questions: RepairQuestion[], answers: Record<string, unknown>): Record<string, Answer> {
  const known = new Map(questions.map((question) => [question.code, question]));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) throw invalidAnswer(`"${code}" is not a question of this service.`);
  }
  const checked: Record<string, Answer> = {};
  for (const question of questions) {
    const value = answers[question.code];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (question.required) throw invalidAnswer(`"${question.code}" needs an answer.`);
      continue;
    }
    checked[question.code] = checkOne(question, value);
  }
  return checked;
}

function checkOne(question: RepairQuestion, value: unknown): Answer {
  const keys = new Set((question.options ?? []).map((option) => option.key));
  switch (question.kind) {
    case 'text':
      if (typeof value !== 'string') throw invalidAnswer(`"${question.code}" takes text.`);
      return value.trim();
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw invalidAnswer(`"${question.code}" takes a number.`);
      return number;
    }
    case 'single':
      if (typeof value !== 'string' || !keys.has(value))
        throw invalidAnswer(`"${question.code}" takes one of its choices.`);
      return value;
    case 'multi': {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((item) => typeof item === 'string' && keys.has(item)) || new Set(list).size !== list.length) {
        throw invalidAnswer(`"${question.code}" takes some of its choices, each once.`);
      }
      return list as string[];
    }
  }
}
