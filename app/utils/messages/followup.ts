// Follow-up CSAT after closing a case, in the compliance report and the evidence pack.
export const followup = {
  "followUp.title": { ko: "종료 후 후속 설문", en: "Follow-up after closing" },
  "followUp.summary": {
    ko: "후속 설문 {sent}건 발송, {answered}건 응답 (응답률 {rate})",
    en: "{sent, plural, one {# follow-up} other {# follow-ups}} sent, {answered} answered (response rate {rate})",
  },
  "followUp.col.group": { ko: "케이스", en: "Cases" },
  "followUp.col.sent": { ko: "발송", en: "Sent" },
  "followUp.col.answered": { ko: "응답", en: "Answered" },
  "followUp.col.csat": { ko: "CSAT (4~5점 비율)", en: "CSAT (share of 4-5)" },
  "followUp.col.interval": { ko: "95% 구간", en: "95 % interval" },
  "followUp.group.met": { ko: "SLA를 충족한 케이스", en: "Cases that met the SLA" },
  "followUp.group.breached": { ko: "SLA를 초과한 케이스", en: "Cases that breached the SLA" },
  "followUp.tooFew": { ko: "응답 부족 (n={n}, 최소 {min})", en: "too few answers (n={n}, minimum {min})" },
  "followUp.difference": { ko: "차이 (충족 − 초과): {diff}", en: "Difference (met − breached): {diff}" },
  "followUp.significant": { ko: "유의함 (p={p})", en: "significant (p = {p})" },
  "followUp.notSignificant": { ko: "유의하지 않음 (p={p})", en: "not significant (p = {p})" },
  "followUp.noTest": { ko: "두 그룹 모두 응답이 {min}건 이상이어야 비교합니다", en: "Not compared: each group needs at least {min, plural, one {# answer} other {# answers}}" },
  "followUp.how": {
    ko: "기간에 열린 이 SLA의 케이스 중 종료 후 후속 설문 링크(1회용)를 받은 케이스를, 준수 보고서와 같은 방식으로 판정합니다: 하나라도 목표를 놓친 케이스는 초과, 모든 시계가 놓침 없이 멈춘 케이스는 충족, 아직 진행 중인 케이스는 제외. CSAT는 후속 설문 답 1~5점 중 4~5점 비율이며 Wilson 95% 구간을 붙입니다. 두 그룹의 차이는 두 비율 z 검정으로, p < 0.05이면 유의함. 응답이 {min}건 미만인 그룹은 숫자를 보이지 않고 비교하지 않습니다. 응답률 = 응답 / 발송.",
    en: "Cases of this SLA opened in the period that were sent a single-use follow-up link at closing, judged as the compliance figures judge them: a case that missed any objective is breached, a case whose every clock stopped without a miss met, a case still running is left out. CSAT is the share of 4-5 among the follow-up answers (1-5), with a Wilson 95 % interval. The difference between the groups is a two-proportion z test, significant when p < 0.05. A group with fewer than {min, plural, one {# answer} other {# answers}} shows no number and is not compared. Response rate = answered / sent.",
  },
  "followUp.notInSnapshot": {
    ko: "이 스냅숏에는 없습니다: 후속 설문 수치가 증거 자료에 들어가기 전에 고정된 자료입니다.",
    en: "Not in this snapshot: this pack was frozen before follow-up answers were part of the evidence.",
  },
  "proposal.cite.followUpGap": {
    ko: "종료 후 후속 설문 CSAT: SLA 충족 케이스 {met} (n={nMet}), 초과 케이스 {breached} (n={nBreached}), 차이 {diff}%p, p={p}",
    en: "Follow-up CSAT after closing: cases that met the SLA {met} (n={nMet}), cases that breached it {breached} (n={nBreached}), difference {diff} pp, p={p}",
  },
} as const;
