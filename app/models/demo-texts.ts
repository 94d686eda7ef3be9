// Demo "why?" answers, written for Trustloop's demo data (not taken from any real customer).
export const demoWhy = {
  ko: {
    detractor: [
      "장애가 났을 때 첫 답변까지 하루가 넘게 걸렸습니다.",
      "지원 티켓을 올려도 진행 상황을 알 수가 없어요.",
      "지난달 서비스가 두 번이나 멈췄는데 공지가 늦었습니다.",
      "요금은 계속 오르는데 응답 속도는 그대로입니다.",
      "담당자가 바뀔 때마다 처음부터 다시 설명해야 합니다.",
      "야간에 생긴 문제는 다음 날 오후에야 처리됐어요.",
      "SLA에 적힌 응답 시간이 실제로 지켜지지 않습니다.",
      "대시보드가 자주 느려지고 데이터가 늦게 들어옵니다.",
      "보상 기준이 불명확해서 크레딧을 받기가 어렵습니다.",
      "문제 해결까지 일주일이 걸렸고 중간 연락이 없었습니다.",
    ],
    passive: [
      "전반적으로 괜찮지만 지원 응답이 조금 더 빨랐으면 합니다.",
      "기능은 충분한데 가격이 부담됩니다.",
      "큰 문제는 없지만 특별히 추천할 이유도 없네요.",
      "장애 공지가 조금 더 자세했으면 좋겠습니다.",
      "문서가 영어 위주라 한국어 자료가 더 필요합니다.",
      "보고서 기능은 좋은데 내보내기가 불편합니다.",
      "업데이트 후 설정이 바뀌어서 혼란스러웠어요.",
    ],
    promoter: [
      "문제가 생기면 바로 연락이 와서 믿을 수 있습니다.",
      "담당 매니저가 친절하고 해결이 빠릅니다.",
      "몇 년째 안정적으로 쓰고 있어요.",
      "월간 리포트 덕분에 내부 보고가 쉬워졌습니다.",
      "지원팀이 진행 상황을 꼼꼼히 알려 줘서 좋았습니다.",
      "가격 대비 기능이 훌륭합니다.",
      "장애가 거의 없고 있어도 금방 복구됩니다.",
    ],
  },
  en: {
    detractor: [
      "It took more than a day to get a first reply during the outage.",
      "I never know what is happening with my support ticket.",
      "The service went down twice last month and we heard about it late.",
      "Prices keep going up but response times have not improved.",
      "Every time the contact changes we have to explain everything again.",
      "Problems reported at night are only picked up the next afternoon.",
      "The response times in the SLA are simply not met.",
      "The dashboard is often slow and data arrives late.",
      "The credit rules are unclear, so claiming a credit is a struggle.",
      "It took a week to fix and nobody updated us in between.",
    ],
    passive: [
      "Fine overall, but support could answer a bit faster.",
      "The features are enough, the price is a stretch for us.",
      "No big problems, but nothing that makes me recommend it either.",
      "Outage notices could be more detailed.",
      "Reports are good but exporting them is clumsy.",
      "Settings changed after the update and that confused our team.",
      "Decent service, onboarding took longer than expected.",
    ],
    promoter: [
      "They contact us right away when something goes wrong, so we trust them.",
      "Our account manager is kind and fixes things quickly.",
      "We have used it for years and it is very stable.",
      "The monthly report makes our internal reviews easy.",
      "Support kept us informed at every step.",
      "Great value for the price.",
      "Outages are rare and recovery is fast.",
    ],
  },
};

export const demoComments = {
  ko: [
    "주말에도 긴급 지원이 가능했으면 합니다.",
    "장애 알림을 문자로도 받고 싶어요.",
    "분기별로 서비스 수준 리뷰 미팅을 해 주세요.",
    "API 문서를 더 자주 업데이트해 주세요.",
  ],
  en: [
    "Please offer urgent support at weekends too.",
    "We would like outage alerts by text message as well.",
    "A quarterly service review meeting would help.",
    "Please keep the API documentation up to date.",
  ],
};
