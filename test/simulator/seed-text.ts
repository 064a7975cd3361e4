import { pick, type Rng, randomInt } from './prng.js';

/** Fragments for plausible Official Account article titles and bodies. */
const TITLE_OPENERS = [
  '深度解读｜',
  '重磅发布｜',
  '一文读懂',
  '周末特辑：',
  '专访｜',
  '实用指南：',
  '年度盘点：',
  '',
];
const TITLE_TOPICS = [
  '城市更新中的社区营造',
  '人工智能如何改变制造业',
  '春季新品上市',
  '数字人民币试点进展',
  '本地生活服务新趋势',
  '跨境电商的十个机会',
  '家庭理财的三个误区',
  '夏日露营装备清单',
  '新能源汽车补贴政策',
  '中小企业数字化转型',
  '健康饮食与睡眠',
  '高校招生政策变化',
  '非遗手工艺的新生',
  '咖啡市场的下一站',
];
const TITLE_ENDINGS = [
  '',
  '，你准备好了吗？',
  '（附完整名单）',
  '：这些细节值得关注',
  '，看这一篇就够了',
  '！',
];
const AUTHORS = ['编辑部', '小王', '李晓明', '陈静', '运营组', '张伟', '刘洋', '周婷', ''];
const SENTENCES = [
  '近日，相关部门发布了最新的指导意见，引发了广泛关注。',
  '我们整理了读者最关心的几个问题，逐一给出回答。',
  '从数据来看，今年的增长速度明显快于去年同期。',
  '业内人士认为，这一变化将在未来三年内持续影响整个行业。',
  '如果你也有类似的经历，欢迎在留言区与我们分享。',
  '活动报名已经开启，名额有限，先到先得。',
  '点击阅读原文，了解更多详情。',
  '本文所述内容仅供参考，具体以官方公告为准。',
];
const FILE_WORDS = ['活动现场', '产品图', '封面', '海报', '采访', '宣传片', '录音', '合影', 'banner'];

export function articleTitle(rng: Rng): string {
  return `${pick(rng, TITLE_OPENERS)}${pick(rng, TITLE_TOPICS)}${pick(rng, TITLE_ENDINGS)}`;
}

export function authorName(rng: Rng): string {
  return pick(rng, AUTHORS);
}

/** A short article body in the HTML WeChat's editor produces, and its plain-text digest. */
export function articleBody(rng: Rng): { content: string; digest: string } {
  const paragraphs: string[] = [];
  const count = randomInt(rng, 2, 5);
  for (let i = 0; i < count; i++) {
    const sentences = randomInt(rng, 1, 3);
    let text = '';
    for (let j = 0; j < sentences; j++) text += pick(rng, SENTENCES);
    paragraphs.push(text);
  }
  const content = paragraphs.map((p) => `<p style="margin-bottom: 16px;"><span>${p}</span></p>`).join('');
  return { content, digest: (paragraphs[0] ?? '').slice(0, 54) };
}

export function fileName(rng: Rng, extension: string): string {
  return `${pick(rng, FILE_WORDS)}_${randomInt(rng, 1000, 9999)}.${extension}`;
}

const NICKNAMES = ['阳光', '小鱼', 'Leo', '晴天', '木子', 'Echo', '大橙子', '安静', '浮生', 'Kevin', '夏天'];
const PLACES: readonly [string, string][] = [
  ['广东', '深圳'],
  ['广东', '广州'],
  ['北京', '朝阳'],
  ['上海', '浦东新区'],
  ['浙江', '杭州'],
  ['四川', '成都'],
  ['湖北', '武汉'],
  ['江苏', '南京'],
];

export function nickname(rng: Rng): string {
  return `${pick(rng, NICKNAMES)}${rng() < 0.4 ? randomInt(rng, 1, 999) : ''}`;
}

export function place(rng: Rng): { province: string; city: string } {
  const [province, city] = pick(rng, PLACES);
  return { province, city };
}
