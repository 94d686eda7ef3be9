// The dashboard's segments, compliance and cases-at-risk panels (app._index), and its months.
export const dashboardPanels = {
  "dash.monthsZone": {
    ko: "월은 응답 제출 시각의 {zone} 기준 달력 월입니다 (조직 시간대).",
    en: "Months are calendar months of submission in {zone} (the organisation's time zone).",
  },
  "dash.segments": { ko: "세그먼트별 NPS와 CSAT (최근 {days}일)", en: "NPS and CSAT by segment (last {days, plural, one {# day} other {# days}})" },
  "dash.segments.period": { ko: "{from}부터 {to}까지 완료된 응답, 모든 설문.", en: "Finished responses from {from} to {to}, all surveys." },
  "dash.segments.nps": { ko: "세그먼트별 NPS", en: "NPS by segment" },
  "dash.segments.csat": { ko: "세그먼트별 CSAT", en: "CSAT by segment" },
  "dash.compliance": { ko: "이번 달 SLA 준수", en: "SLA compliance this month" },
  "dash.compliance.none": { ko: "SLA가 없습니다.", en: "No SLAs yet." },
  "dash.compliance.month": {
    ko: "{month} ({zone} 기준 달력 월), 이번 달에 열린 사례 {cases}건",
    en: "{month} (calendar month in {zone}), {cases, plural, one {# case} other {# cases}} opened this month",
  },
  "dash.compliance.misses": { ko: "초과 횟수", en: "Misses" },
  "dash.compliance.target": { ko: "목표 {target} %", en: "target {target} %" },
  "dash.compliance.report": { ko: "{sla} 준수 보고서 전체 보기", en: "Full compliance report for {sla}" },
  "dash.compliance.noObjectives": { ko: "이번 달에 판정할 사례가 없습니다.", en: "No cases to judge this month." },
  "dash.risk": { ko: "위험한 사례", en: "Cases at risk" },
  "dash.risk.counts": {
    ko: "진행 중인 사례 중 기한 임박 {atRisk}건, 기한 초과 {breached}건.",
    en: "Among cases still open: {atRisk, plural, one {# near its deadline} other {# near their deadline}}, {breached} past a deadline.",
  },
  "dash.risk.none": { ko: "기한이 임박하거나 지난 진행 중 사례가 없습니다.", en: "No open case is near or past a deadline." },
  "dash.risk.listAtRisk": { ko: "위험한 사례 목록", en: "All cases at risk" },
  "dash.risk.listBreached": { ko: "기한 초과 사례 목록", en: "All breached cases" },
  "dash.risk.shown": { ko: "기한이 가까운 순서로 {n}건 표시.", en: "The {n} with the nearest deadline are shown." },
  "dash.risk.how": {
    ko: "사례 목록과 같은 판정입니다: 실행 중인 타이머의 남은 시간이 목표의 20% 미만이면 위험, 기한을 지났으면 초과입니다. 해결·종료된 사례는 제외합니다.",
    en: "Judged as the cases list judges them: a running timer with under 20 % of its target left is at risk, one past its deadline is breached. Resolved and closed cases are left out.",
  },
};
