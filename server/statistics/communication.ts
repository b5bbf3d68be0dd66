// 业户沟通 in the month's statistics (seed 002 职责: 客户服务主管负责做好每月的业户沟通总结): notices
// published, owners reached by their message, complaints filed although a matching notice was shown
// (do notices reach people?), complaints not filed because a notice explained the problem (do notices
// prevent them? notice.deflect), and suggestions received and answered on time by topic. A block of its
// own beside the complaint figures, from indexed counts and aggregates over the notices, suggestions
// and complaints of the month — no summary documents, no unbounded reads.
import type { SheetData } from 'write-excel-file/node';
import { TOPICS, TOPIC_LABELS, type Topic } from '../../domain/model';
import type { CommunicationStats } from '../../typings/api';
import type { Deps } from '../kernel/ports';
import { monthBounds } from './days';
import { header } from '../kernel/workbooks';

export const COMMUNICATION_DEFINITIONS: CommunicationStats['definitions'] = {
  noticesPublished: '本月发布的公告条数（按发布时间）',
  ownersReached: '本月发布的公告以订阅消息送达的业主人次（每条公告每位业主至多一次）',
  complaintsDuringNotice: '本月提交的投诉中，提交前已看到同楼栋、同类别正在生效的公告仍然提交的件数',
  complaintsDeflected: '本月投诉时看到同楼栋、同类别正在生效的公告，业主确认「是这个问题」而未再投诉的户次（含代业主登记时确认的；每户每条公告计一次）',
  suggestionsAnsweredOnTime: '本月收到的意见建议中，在答复期限内答复（或转为投诉）的条数',
};

export async function communicationMonth(deps: Deps, communityId: string, year: number, month: number): Promise<CommunicationStats> {
  const { first, next } = monthBounds(year, month);
  const _ = deps.db.command;
  const $ = _.aggregate;
  const inMonth = _.gte(first).and(_.lt(next));
  const [published, reached, during, deflected, topics] = await Promise.all([
    deps.db.collection('notices').where({ communityId, publishedAt: inMonth }).count(),
    deps.db
      .collection('notices')
      .aggregate()
      .match({ communityId, publishedAt: inMonth })
      .project({ outbox: 1 })
      .unwind('$outbox')
      .match({ 'outbox.status': 'sent' })
      .group({ _id: null, n: $.sum(1) })
      .end(),
    deps.db.collection('complaints').where({ communityId, noticeShown: true, submittedAt: inMonth }).count(),
    deps.db.collection('notice_deflections').where({ communityId, at: inMonth }).count(),
    deps.db
      .collection('suggestions')
      .aggregate()
      .match({ communityId, submittedAt: inMonth })
      .group({ _id: '$topic', received: $.sum(1), onTime: $.sum($.cond(['$answeredOnTime', 1, 0])) })
      .limit(TOPICS.length)
      .end(),
  ]);
  const byTopicId = new Map((topics.data as Array<{ _id: Topic; received: number; onTime: number }>).map((t) => [t._id, t]));
  const byTopic = TOPICS.map((topic) => ({ topic, label: TOPIC_LABELS[topic], received: byTopicId.get(topic)?.received ?? 0, answeredOnTime: byTopicId.get(topic)?.onTime ?? 0 }));
  return {
    noticesPublished: published.total ?? 0,
    ownersReached: (reached.data as Array<{ n: number }>)[0]?.n ?? 0,
    complaintsDuringNotice: during.total ?? 0,
    complaintsDeflected: deflected.total ?? 0,
    suggestionsReceived: byTopic.reduce((a, t) => a + t.received, 0),
    suggestionsAnsweredOnTime: byTopic.reduce((a, t) => a + t.answeredOnTime, 0),
    byTopic,
    definitions: COMMUNICATION_DEFINITIONS,
  };
}

/**
 * The block as workbook rows, each with what it measures: the monthly workbook's 业户沟通 sheet and the
 * 业户沟通总结 sheet (the figures it was submitted with) list the same rows.
 */
export function communicationRows(c: CommunicationStats): SheetData {
  const d = c.definitions;
  return [
    header('指标', '数值', '口径'),
    ['公告发布（条）', c.noticesPublished, d.noticesPublished],
    ['公告消息送达（人次）', c.ownersReached, d.ownersReached],
    ['看到公告后仍投诉（件）', c.complaintsDuringNotice, d.complaintsDuringNotice],
    ['看到公告后未再投诉（户次）', c.complaintsDeflected, d.complaintsDeflected],
    ['收到意见建议（条）', c.suggestionsReceived, '本月收到的意见建议条数'],
    ['按时答复（条）', c.suggestionsAnsweredOnTime, d.suggestionsAnsweredOnTime],
    [],
    header('意见建议类别', '收到', '按时答复'),
    ...c.byTopic.map((t) => [t.label, t.received, t.answeredOnTime]),
  ];
}
