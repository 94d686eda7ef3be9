// The demo sign-ins everyone knows (README, `npm start`): production refuses them (user.server.ts).
export const DEMO_PASSWORD = "trustloop-demo";
export const demoUsers = [
  { email: "admin@trustloop.local", name: "Admin Kim", role: "admin" as const },
  { email: "manager@trustloop.local", name: "Manager Lee", role: "manager" as const },
  { email: "analyst@trustloop.local", name: "Analyst Park", role: "analyst" as const },
];
