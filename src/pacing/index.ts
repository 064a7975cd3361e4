export { AppCallPacer, type AppCallPacerOptions } from './app-call-pacer.js';
