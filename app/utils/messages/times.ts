// Times in the right zone, said on the page (issue 10, defect 2), and adding a user with a password.
export const times = {
  // A period filter's days are days in the zone named beside them.
  "times.filter.from": { ko: "시작일 ({zone})", en: "From ({zone})" },
  "times.filter.to": { ko: "종료일 ({zone}, 포함)", en: "To ({zone}, inclusive)" },
  // Users: add by invite link or with a password.
  "times.users.add": { ko: "사용자 추가", en: "Add a user" },
  "times.users.addTitle": { ko: "사용자 추가", en: "Add a user" },
  "times.users.method": { ko: "로그인 방법", en: "How they sign in" },
  "times.users.method.invite": { ko: "초대 링크 보내기", en: "Send an invite link" },
  "times.users.method.password": { ko: "지금 비밀번호 정하기", en: "Set a password now" },
  "times.users.method.passwordHelp": {
    ko: "아래에 입력한 비밀번호를 직접 전해 주세요. 사용자는 처음 로그인할 때 비밀번호를 바꿔야 합니다.",
    en: "Tell the user the password below yourself; they must change it when they first sign in.",
  },
  "times.users.initialPassword": { ko: "처음 비밀번호 (지금 비밀번호 정하기를 고른 경우)", en: "Initial password (for “Set a password now”)" },
  "times.users.submit": { ko: "사용자 추가", en: "Add the user" },
  "times.users.createdWithPassword": {
    ko: "{name}({email}) 사용자를 만들었습니다. 정한 비밀번호로 로그인하면 먼저 비밀번호를 바꿔야 합니다.",
    en: "{name} ({email}) was added. They sign in with the password you set and must change it first.",
  },
  "times.account.mustChange": {
    ko: "관리자가 정한 비밀번호입니다. 계속하려면 새 비밀번호로 바꿔 주세요.",
    en: "An admin chose your password. Change it to continue.",
  },
  // Review board: the review schedule's days are the SLA calendar's.
  "times.review.daysIn": { ko: "날짜: {zone} 기준 (SLA 달력)", en: "Days in {zone} (the SLA calendar)" },
  "times.review.periodHint": { ko: "SLA 달력의 시간대 기준 날짜입니다.", en: "Days in the SLA calendar's zone." },
} as const;
