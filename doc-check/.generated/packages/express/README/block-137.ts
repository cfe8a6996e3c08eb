import express from 'express';
import session from 'express-session';
import { fyno, notifyRoute } from '@fyno-kit/express';

declare module 'express-session' {
  interface SessionData {
    userId: string; // set at sign-in: req.session.userId = user.id
  }
}

const app = express();
app.use(
  session({
    secret: process.env.SESSION_SECRET!,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production' },
  }),
);
app.use(fyno());
app.use(
  '/api/fyno/notify',
  notifyRoute({
    identify: (req) => req.session.userId ?? null, // req is Express's Request: typed, never any
    events: { order_shipped: {} },
  }),
);
