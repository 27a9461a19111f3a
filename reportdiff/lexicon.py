"""Lexicon: the word lists that give report language its tone, shared by diff, goals, align and terms.

Stage: data (no code runs here). Plain frozensets and dicts, chosen by reading the reports in
tests/data/corpus:

- :data:`MODALITY_MARKERS` and :data:`STRENGTH_RANK`: how firmly a goal is promised,
  确保 (3, must) > 力争 (2, strive) > 努力 / 争取 (1, try);
- :data:`INTENSITY_MARKERS`: adverbs and verbs that raise the intensity of an action
  (全面, 大力, 加快, 深入, 持续, 稳步, 积极, 坚决, 着力, 扎实, 切实, 进一步…);
- :data:`TARGET_QUALIFIERS`: what bounds a numeric target (左右, 以上, 以内, 以下, 不低于, 不超过…);
- :data:`BOILERPLATE`: policy verbs present in nearly every sentence of every report
  (推进, 加强, 坚持, 实施, 深化, 建设, 发展…), to be down-weighted when aligning;
- :data:`STOP_WORDS`: function words and report formulae that carry no topic, excluded from term
  statistics (single characters are excluded there anyway).
"""

from __future__ import annotations

__all__ = [
    "BOILERPLATE", "INTENSITY_MARKERS", "MODALITY_MARKERS", "STOP_WORDS", "STRENGTH_RANK",
    "TARGET_QUALIFIERS", "TONE_WEIGHT",
]

#: How firmly a goal is promised; higher is firmer.
STRENGTH_RANK: dict[str, int] = {"确保": 3, "力争": 2, "努力": 1, "争取": 1}

#: Modality words: the strength words above plus their close variants.
MODALITY_MARKERS: frozenset[str] = frozenset({*STRENGTH_RANK, "务必", "力求", "尽力"})

#: Intensity markers: they qualify how hard, fast or thoroughly an action is pursued.
INTENSITY_MARKERS: frozenset[str] = frozenset({
    "全面", "大力", "加快", "深入", "持续", "稳步", "积极", "坚决", "着力", "扎实", "切实", "进一步",
    "不断", "有序", "稳妥", "加力", "加紧", "全力", "加速", "加大", "全方位", "纵深", "坚定", "坚定不移",
    "毫不动摇", "奋力", "尽快", "抓紧", "狠抓", "强力", "大幅", "更好", "更加", "更大", "积极稳妥",
    "稳妥有序",
})

#: Target qualifiers: the bound that goes with a numeric target.
TARGET_QUALIFIERS: frozenset[str] = frozenset({
    "左右", "以上", "以内", "以下", "不低于", "不超过", "不少于", "不高于",
})

#: Weight of each marker in tone scores: its strength rank for the modality words, 1 otherwise.
TONE_WEIGHT: dict[str, int] = {
    **{word: 1 for word in INTENSITY_MARKERS | MODALITY_MARKERS},
    **STRENGTH_RANK,
}

#: Policy verbs so common in reports that sharing them says little about two passages being the same.
BOILERPLATE: frozenset[str] = frozenset({
    "加快", "推进", "全面", "坚持", "推动", "加强", "实施", "深化", "建设", "发展", "提升", "促进",
    "完善", "落实", "强化", "优化", "健全", "开展", "支持", "持续", "深入", "积极", "大力", "稳步",
    "扎实", "切实", "着力", "进一步", "不断", "构建", "打造", "实现", "做好", "抓好", "提高", "增强",
    "扩大", "培育", "创新", "改革", "工作", "体系", "机制", "重点", "重大", "项目", "全市", "全省",
    "全国", "我们", "确保", "力争", "努力", "争取", "高质量", "新", "和", "的", "与", "等", "及",
})

#: Words left out of term statistics: function words, pronouns, report formulae, time words.
STOP_WORDS: frozenset[str] = frozenset({
    # function words and pronouns
    "我们", "他们", "我国", "我省", "我市", "我区", "我县", "自己", "大家", "这个", "这些", "那些",
    "一个", "一些", "一批", "一系列", "一大批", "以及", "并且", "而且", "或者", "还是", "但是", "因此",
    "所以", "如果", "虽然", "同时", "其中", "其他", "有关", "相关", "通过", "按照", "根据", "围绕",
    "对于", "关于", "为了", "以来", "之一", "之间", "方面", "各类", "各项", "各种", "各级", "所有",
    "没有", "不是", "就是", "已经", "正在", "将要", "必须", "需要", "能够", "可以", "应当",
    "继续", "进行", "开始", "成为", "作为", "具有", "给予", "加以", "予以", "取得", "得到", "实现",
    "更加", "更好", "不断", "进一步", "特别", "尤其", "主要", "重要", "全面", "基本", "总体",
    # report formulae
    "各位", "代表", "报告", "审议", "政协委员", "意见", "请予", "一年来", "过去", "今年", "去年",
    "明年", "当前", "今后", "目前", "全年", "年度", "工作", "政府", "人民政府", "全市", "全省",
    "全国", "全区", "全县", "市委", "省委", "党中央", "国务院",
})
