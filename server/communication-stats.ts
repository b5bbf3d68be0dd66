// 业户沟通 in the month's statistics (seed 002 职责: 客户服务主管负责做好每月的业户沟通总结): notices
// published, owners reached by their message, complaints filed although a matching notice was shown
// (do notices reach people?), and suggestions received and answered on time by topic. A block of its
// own beside the complaint figures, from indexed counts and aggregates over the notices, suggestions
// and complaints of the month — no summary documents, no unbounded reads.
import { TOPICS, TOPIC_LABELS, type Topic } from '../domain/model';
import type { CommunicationStats } from '../typings/api';
import type { Deps } from './ports';
import { monthBounds } from './stat-days';

export const COMMUNICATION_DEFINITIONS: CommunicationStats['definitions'] = {
  noticesPublished: '本月发布的公告条数（按发布时间）',
  ownersReached: '本月发布的公告以订阅消息送达的业主人次（每条公告每位业主至多一次）',
  complaintsDuringNotice: '本月提交的投诉中，提交前已看到同楼栋、同类别正在生效的公告仍然提交的件数',
  suggestionsAnsweredOnTime: '本月收到的意见建议中，在答复期限内答复（或转为投诉）的条数',
};

export async function communicationMonth(deps: Deps, communityId: string, year: number, month: number): Promise<CommunicationStats> {
  const { first, next } = monthBounds(year, month);
  const _ = deps.db.command;
  const $ = _.aggregate;
  const inMonth = _.gte(first).and(_.lt(next));
  const [published, reached, during, topics] = await Promise.all([
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
    suggestionsReceived: byTopic.reduce((a, t) => a + t.received, 0),
    suggestionsAnsweredOnTime: byTopic.reduce((a, t) => a + t.answeredOnTime, 0),
    byTopic,
    definitions: COMMUNICATION_DEFINITIONS,
  };
}
