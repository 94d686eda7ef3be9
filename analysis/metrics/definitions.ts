export type MetricKind = "nps" | "csat" | "ces" | "rating";

/** Stored with each survey and shown beside each number (DESIGN.md "Metric definitions"). */
export const metricDefinitions: Readonly<Record<MetricKind, { ko: string; en: string }>> = Object.freeze({
  nps: {
    en: "NPS: 0-10 answers; promoters 9-10, passives 7-8, detractors 0-6. NPS = 100 × (promoters − detractors) / people who answered (skips not counted). Range −100 to 100; 95 % interval by adjusted Wald.",
    ko: "NPS: 0~10점 응답 중 9~10점은 추천자, 7~8점은 중립자, 0~6점은 비추천자입니다. NPS = 100 × (추천자 − 비추천자) / 응답자 수(건너뛴 응답 제외). 범위 −100~100, 95% 신뢰구간은 보정 Wald 방식입니다.",
  },
  csat: {
    en: "CSAT: share of answers of 4 or 5 on a 1-5 scale among people who answered. 95 % interval by the Wilson method.",
    ko: "CSAT: 1~5점 척도에서 4점 또는 5점을 준 응답의 비율입니다(응답자 기준). 95% 신뢰구간은 Wilson 방식입니다.",
  },
  ces: {
    en: "CES: mean of 1-7 answers (how easy it was to get help) among people who answered, with a 95 % t interval.",
    ko: "CES: 1~7점 응답(도움을 받기가 얼마나 쉬웠는지)의 평균이며, 95% t 신뢰구간을 함께 표시합니다.",
  },
  rating: {
    en: "Rating: mean of 1-5 answers among people who answered, with a 95 % t interval.",
    ko: "평점: 1~5점 응답의 평균이며, 95% t 신뢰구간을 함께 표시합니다.",
  },
});
