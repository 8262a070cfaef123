import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@bff/auth';
import { HomeService } from './home.service';
import type { HomeView } from './home.view';

/** The app's home screen: who is signed in and their recent orders. */
@Controller('v1/home')
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  get(@CurrentPrincipal() principal: Principal): Promise<HomeView> {
    return this.home.home(principal.subject);
  }
}
