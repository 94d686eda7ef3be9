export const auth = {
  "login.title": { ko: "로그인", en: "Sign in" },
  "login.email": { ko: "이메일", en: "Email" },
  "login.password": { ko: "비밀번호", en: "Password" },
  "login.submit": { ko: "로그인", en: "Sign in" },
  "login.failed": {
    ko: "이메일 또는 비밀번호가 올바르지 않습니다.",
    en: "The email or password is not correct.",
  },
  "login.staffOnly": {
    ko: "직원용 작업 공간입니다. 설문 응답에는 계정이 필요하지 않습니다.",
    en: "This is the staff workspace. Answering a survey needs no account.",
  },
  "login.signedOut": { ko: "로그아웃했습니다.", en: "You are signed out." },
} as const;
