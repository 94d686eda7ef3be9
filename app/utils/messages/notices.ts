// Amendments (composing a version from a decided meeting), notices to customers, the change log,
// notice delivery, and the follow-up CSAT sent when a case closes.
export const notices = {
  // a change in plain words (describeChange)
  "notice.change.time_target": { ko: "{priority} {objective} 목표: {from} → {to}", en: "{objective} for {priority}: {to} instead of {from}" },
  "notice.change.time_mode": { ko: "{priority} {objective} 시간 계산: {from} → {to}", en: "{objective} for {priority} is now counted in {to} instead of {from}" },
  "notice.change.availability_target": { ko: "가용성 목표: {from}% → {to}%", en: "Availability target: {to}% instead of {from}%" },
  "notice.change.service_hours": { ko: "서비스 시간: {to} (이전: {from})", en: "Service hours: {to} (were: {from})" },
  "notice.change.duty_add.provider": { ko: "저희가 새로 약속하는 사항: {text}", en: "A new commitment from us: {text}" },
  "notice.change.duty_add.customer": { ko: "고객님께 새로 요청하는 사항: {text}", en: "A new request to you: {text}" },
  "notice.change.duty_remove.provider": { ko: "더 이상 약속하지 않는 사항: {text}", en: "A commitment from us that ends: {text}" },
  "notice.change.duty_remove.customer": { ko: "더 이상 요청하지 않는 사항: {text}", en: "A request to you that ends: {text}" },
  "notice.change.credits": { ko: "서비스 크레딧: {to} (이전: {from})", en: "Service credits: {to} (were: {from})" },
  "notice.change.alternative_service": { ko: "대체 서비스: {to} (이전: {from})", en: "Alternative service: {to} (was: {from})" },
  "notice.change.review_cadence": { ko: "SLA 검토 주기: {from} → {to}", en: "We review the SLA {to} instead of {from}" },
  "notice.change.none": { ko: "없음", en: "none" },
  "notice.minutes": { ko: "{n}분", en: "{n, plural, one {# minute} other {# minutes}}" },
  "notice.hours": { ko: "{n}시간", en: "{n, plural, one {# hour} other {# hours}}" },
  "notice.removedTarget": { ko: "목표 없음", en: "no target" },

  // change note of a composed version
  "notice.changeNote.head": { ko: "{date} 검토 회의에서 승인된 변경:", en: "Changes approved at the review meeting of {date}:" },

  // compose page (app.reviews.$meetingId.amend)
  "notice.compose.title": { ko: "SLA 개정안 만들기", en: "Compose the SLA amendment" },
  "notice.compose.intro": {
    ko: "현재 적용 중인 버전 {n}에 승인된 변경만 적용한 새 초안을 만듭니다. 초안은 검토한 뒤 매니저가 게시합니다.",
    en: "A new draft is made from version {n}, in force now, with exactly the approved changes. A manager publishes it after review.",
  },
  "notice.compose.approved": { ko: "승인된 변경 ({n}건)", en: "{n, plural, one {Approved change (#)} other {Approved changes (#)}}" },
  "notice.compose.adverse": { ko: "고객에게 불리한 변경", en: "adverse to customers" },
  "notice.compose.button": { ko: "초안 만들기", en: "Compose the draft" },
  "notice.compose.meeting": { ko: "검토 회의로 돌아가기", en: "Back to the review meeting" },
  "notice.compose.composed": { ko: "이 회의의 개정안은 이미 버전 {n}으로 만들어졌습니다.", en: "This meeting's amendment is already version {n}." },
  "notice.compose.open": { ko: "버전 {n} 열기", en: "Open version {n}" },
  "notice.compose.managersOnly": { ko: "개정안은 매니저가 만듭니다.", en: "Managers compose amendments." },
  "notice.error.notFound": { ko: "검토 회의를 찾을 수 없습니다.", en: "The review meeting was not found." },
  "notice.error.notDecided": { ko: "결정이 끝난 회의에서만 개정안을 만들 수 있습니다.", en: "Only a decided meeting can compose an amendment." },
  "notice.error.noApproved": { ko: "승인된 제안이 없습니다.", en: "No proposal was approved." },
  "notice.error.noVersion": { ko: "현재 적용 중인 SLA 버전이 없습니다.", en: "The SLA has no version in force." },
  "notice.error.draftExists": {
    ko: "이 SLA에 이미 초안(버전 {n})이 있습니다. 그 초안을 게시하거나 버린 뒤 다시 시도하세요.",
    en: "This SLA already has a draft (version {n}). Publish or discard it, then try again.",
  },
  "notice.error.alreadyComposed": { ko: "이 회의의 개정안은 이미 버전 {n}입니다.", en: "This meeting's amendment is already version {n}." },
  "notice.error.conflict": {
    ko: "현재 버전이 제안이 바꾸려던 값과 다릅니다: {change}",
    en: "The version in force no longer holds what this proposal changes: {change}",
  },
  "notice.error.noticePeriod": {
    ko: "이 버전에는 고객에게 불리한 변경이 있어 게시 후 {days}일이 지나야 적용할 수 있습니다: {date} 이후로 정하세요.",
    en: "This version makes a change adverse to customers, so it can take effect {days, plural, one {# day} other {# days}} after publication at the earliest: choose {date} or later.",
  },
  "notice.error.concurrent": { ko: "이 버전은 방금 다른 요청으로 게시되었습니다.", en: "This version was just published by another request." },

  // customer notice page (sla.$token.notices.$noticeId)
  "notice.page.title": { ko: "SLA 변경 안내: {date}부터", en: "Your SLA changes on {date}" },
  "notice.page.intro": { ko: "{account}에 적용되는 {sla}이(가) 버전 {n}으로 바뀝니다.", en: "{sla} for {account} becomes version {n}." },
  "notice.page.what": { ko: "무엇이 바뀌나요", en: "What changes" },
  "notice.page.why": { ko: "왜 바뀌나요", en: "Why" },
  "notice.page.when": { ko: "적용 시작", en: "From when" },
  "notice.page.whenValue": { ko: "{date} 0시 ({zone} 기준)", en: "{date}, 00:00 ({zone} time)" },
  "notice.page.adverse": {
    ko: "이 변경에는 고객님께 불리한 내용이 있어 {days}일 전에 미리 알려 드립니다.",
    en: "Part of this change is less favourable to you, so we tell you {days, plural, one {# day} other {# days}} ahead.",
  },
  "notice.page.redline": { ko: "조항별 변경 내용", en: "The changes, clause by clause" },
  "notice.page.back": { ko: "SLA 전체 보기", en: "Read your whole SLA" },
  "notice.page.noReason": { ko: "검토 회의에서 결정된 변경입니다.", en: "Decided at our service review." },

  // customer SLA page: notices and change log
  "notice.public.notices": { ko: "변경 안내", en: "Notices" },
  "notice.public.noticeLink": { ko: "버전 {n}: {date}부터", en: "Version {n}: from {date}" },
  "notice.log.title": { ko: "변경 기록", en: "Change log" },
  "notice.log.version": { ko: "버전", en: "Version" },
  "notice.log.effective": { ko: "적용 시작", en: "Effective from" },
  "notice.log.summary": { ko: "요약", en: "Summary" },
  "notice.log.reason": { ko: "이유", en: "Reason" },
  "notice.log.meeting": { ko: "검토 회의", en: "Review meeting" },
  "notice.log.meetingLink": { ko: "회의 보기", en: "Open the meeting" },
  "notice.log.empty": { ko: "아직 게시된 버전이 없습니다.", en: "No version has been published yet." },
  "notice.log.first": { ko: "첫 버전", en: "First version" },

  // delivery status (NoticeDeliveries) and resend
  "notice.deliveries.title": { ko: "고객 안내 발송", en: "Notices to customers" },
  "notice.deliveries.none": { ko: "아직 안내가 없습니다 (개정안이 게시되면 만들어집니다).", en: "No notices yet (they are made when the amendment is published)." },
  "notice.deliveries.account": { ko: "고객사", en: "Account" },
  "notice.deliveries.to": { ko: "받는 사람", en: "To" },
  "notice.deliveries.status": { ko: "상태", en: "Status" },
  "notice.deliveries.queued": { ko: "대기 중", en: "queued" },
  "notice.deliveries.sent": { ko: "보냄 {date}", en: "sent {date}" },
  "notice.deliveries.failed": { ko: "실패", en: "failed" },
  "notice.deliveries.attempts": { ko: "시도 {n}회", en: "{n, plural, one {# attempt} other {# attempts}}" },
  "notice.deliveries.noContact": { ko: "연락처 없음", en: "no contact" },
  "notice.deliveries.page": { ko: "안내 페이지", en: "notice page" },
  "notice.deliveries.resend": { ko: "다시 보내기", en: "Resend" },
  "notice.deliveries.waiting": {
    ko: "메일 서버(SMTP_URL)가 설정되지 않아 메일은 보낼 편함(outbox)에서 기다리고 있습니다.",
    en: "No mail server is set (SMTP_URL): email is waiting in the outbox.",
  },
  "notice.resend.done": { ko: "다시 보내기를 대기열에 넣었습니다 ({n}통).", en: "{n, plural, one {Resend queued (# email).} other {Resend queued (# emails).}}" },
  "notice.resend.noRecipient": { ko: "이 고객사에는 받을 연락처가 없습니다.", en: "This account has no contact to send to." },
  "notice.resend.notFound": { ko: "안내를 찾을 수 없습니다.", en: "The notice was not found." },

  // the email
  "notice.email.subject": { ko: "[{sla}] {date}부터 SLA가 바뀝니다", en: "[{sla}] Your SLA changes on {date}" },
  "notice.email.greeting": { ko: "{name} 님께,", en: "Dear {name}," },
  "notice.email.intro": { ko: "{account}에 적용되는 {sla}이(가) {date} 0시({zone} 기준)부터 버전 {n}으로 바뀝니다.", en: "{sla} for {account} becomes version {n} on {date} at 00:00 ({zone} time)." },
  "notice.email.read": { ko: "자세한 내용: {url}", en: "Read the notice: {url}" },

  // follow-up CSAT after a case closes
  "notice.followUp.label": { ko: "케이스를 닫을 때 만족도 설문(CSAT) 보내기", en: "Send a satisfaction survey (CSAT) when the case closes" },
  "notice.followUp.hint": { ko: "기본값은 SLA 설정을 따릅니다.", en: "The default comes from the SLA." },
  "notice.followUp.slaTitle": { ko: "케이스 종료 후 만족도 설문", en: "Satisfaction survey after a case" },
  "notice.followUp.slaLabel": {
    ko: "새 케이스는 닫을 때 만족도 설문(CSAT)을 보냅니다 (케이스마다 끌 수 있습니다)",
    en: "New cases send a satisfaction survey (CSAT) when they close (each case can turn it off)",
  },
  "notice.followUp.save": { ko: "저장", en: "Save" },
  "notice.followUp.sent": { ko: "닫을 때 만족도 설문 링크를 보냈습니다.", en: "A satisfaction survey link was sent at closing." },
  "notice.followUp.subject": { ko: "[케이스 #{n}] 처리에 만족하셨나요?", en: "[Case #{n}] How did we handle your complaint?" },
  "notice.followUp.body": {
    ko: "{title} 건을 마무리했습니다. 저희의 처리에 얼마나 만족하셨는지 한 가지만 여쭙겠습니다 (1분 이내):\n{url}",
    en: "We have closed your case \"{title}\". One question on how we handled it (under a minute):\n{url}",
  },
} as const;
