import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { draftToHtml } from '../../app/report-draft/html.js';
import { draftToMarkdown } from '../../app/report-draft/markdown.js';
import { CalendarDate, Mechanism } from '../../domain/vocabulary.js';
import { today } from '../../today.js';
import { MinPosition, Problem, StateParam } from '../schemas.js';

const FORMATS = {
  markdown: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
} as const;

export const ProgressReportQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('what was known on this day (effective dates); default today (UTC)'),
  mechanism: Mechanism.optional().describe("only this mechanism's recommendations, e.g. CAT for a follow-up reply"),
  format: z.enum(['markdown', 'html', 'docx']).default('markdown'),
  minPosition: MinPosition,
});

/** The State's progress report, drafted from the events: Markdown, HTML or Word, every statement citing its event. */
export const progressReportRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.get(
    '/v1/states/:state/progress-report',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary:
          "Draft the State's follow-up or mid-term report: per cluster and recommendation, what was recommended, responsible institutions, measures, actions, indicator values and the assessment, each statement citing its event's position",
        params: StateParam,
        querystring: ProgressReportQuery,
        response: {
          200: z
            .string()
            .describe('text/markdown, text/html, or a Word document (.docx), as `format` asks; an attachment'),
          400: Problem,
        },
      },
    },
    async (request, reply) => {
      const { asOf = today(), mechanism, format } = request.query;
      const { state } = request.params;
      const draft = await followup.draftProgressReport({ state, asOf, ...(mechanism && { mechanism }) });
      const { type, extension } = FORMATS[format];
      const name = `progress-report-${state}${mechanism ? `-${mechanism}` : ''}-${asOf}.${extension}`;
      reply.type(type).header('content-disposition', `attachment; filename="${name}"`);
      reply.header('etag', `W/"${draft.position}"`);
      // Bytes, sent as they are: the 200 schema documents the body, it does not serialise it.
      if (format === 'docx') {
        // Loaded on the first Word draft asked for: the document library costs every start time it rarely needs.
        const { draftToDocx } = await import('../../app/report-draft/docx.js');
        return reply.send((await draftToDocx(draft)) as unknown as string);
      }
      return reply.send(format === 'html' ? draftToHtml(draft) : draftToMarkdown(draft));
    },
  );
};
